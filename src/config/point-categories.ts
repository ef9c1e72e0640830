/** Monitoring point categories; its own module so schema sections can use it without importing schema.ts (a cycle). */
export const POINT_CATEGORIES = ["main_road", "commercial_street", "junction", "night_market"] as const;
