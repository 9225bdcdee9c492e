export * from "./api-tokens";
export * from "./catalog";
export * from "./connections";
export * from "./imports";
export * from "./jobs";
export * from "./listens";
export * from "./stats";
export * from "./users";
