export * from "./catalog";
export * from "./connections";
export * from "./listens";
export * from "./users";
export * from "./jobs";
export * from "./stats";
