/**
 * Plates are personal data. Roles that act on parking cases see them whole;
 * everyone else sees the province, the issuing letter, the first and the last
 * character: 浙A·D1234 → 浙A·D***4.
 */
export type PlateAudience = "full" | "masked";

export function maskPlate(plate: string): string {
  const [prefix, serial] = plate.split("·");
  if (prefix === undefined || serial === undefined || serial.length < 3) return "***";
  return `${prefix}·${serial[0]}${"*".repeat(serial.length - 2)}${serial[serial.length - 1]}`;
}

export function plateFor(plate: string | null, audience: PlateAudience): string | null {
  if (plate === null) return null;
  return audience === "full" ? plate : maskPlate(plate);
}
