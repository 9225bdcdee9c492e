export * from "./catalog";
export * from "./connections";
export * from "./jobs";
export * from "./listens";
export * from "./stats";
export * from "./users";
