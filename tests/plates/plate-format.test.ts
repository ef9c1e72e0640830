import { describe, expect, it } from "vitest";
import { bareCharacters, parsePlate, plateKind } from "../../src/plates/plate-format.js";

describe("Chinese plate formats", () => {
  it.each([
    ["浙A·D1234", "浙A·D1234", null],
    ["浙AD1234", "浙A·D1234", null],
    ["粤B 12345", "粤B·12345", null],
    ["京A-D12345", "京A·D12345", "green"],
    ["沪AF1234", "沪A·F1234", null],
    ["苏E12345F", "苏E·12345F", "green"],
    ["川A1234警", "川A·1234警", "white"],
    ["鲁B1234挂", "鲁B·1234挂", "yellow"],
    ["闽D1234学", "闽D·1234学", "yellow"],
    ["粤Z1234港", "粤Z·1234港", "black"],
    ["ｚｊ", null, null],
  ])("%s → %s", (raw, plate, kind) => {
    const parsed = parsePlate(raw);
    if (plate === null) expect(parsed).toBeNull();
    else expect(parsed).toEqual({ plate, kind });
  });

  it.each([
    ["A·D1234", "no province"],
    ["浙·D1234", "no issuing letter"],
    ["浙A·D123", "too short"],
    ["浙A·D123456", "too long for regular and for new energy"],
    ["浙A·DI234", "I is never used"],
    ["浙A·DO234", "O is never used in the serial"],
    ["浙1·D1234", "issuing code must be a letter"],
    ["浙A·A12345", "8 characters without D/F is no new-energy plate"],
    ["浙A·D1A345", "new energy small car: the last four are digits"],
    ["浙A·1234D5", "new energy large vehicle: D/F comes last"],
    ["京A·123港", "港 plates are 粤Z only"],
    ["台A·12345", "台 is no mainland province code"],
    ["浙A·12警34", "警 only at the end"],
  ])("refuses %s (%s)", (raw) => {
    expect(parsePlate(raw)).toBeNull();
  });

  it("folds full-width forms and separators the recogniser prints", () => {
    expect(bareCharacters("浙Ａ・Ｄ１２３４")).toBe("浙AD1234");
    expect(bareCharacters("浙a.d1234")).toBe("浙AD1234");
  });

  it("takes the kind from the format, or from the colour for regular plates", () => {
    expect(plateKind(parsePlate("浙A·D12345")!, "blue")).toBe("green");
    expect(plateKind(parsePlate("浙A·12345")!, "yellow")).toBe("yellow");
    expect(plateKind(parsePlate("浙A·12345")!, "blue")).toBe("blue");
    // A 7-character plate on green or white is not a regular plate: no kind, not read.
    expect(plateKind(parsePlate("浙A·12345")!, "green")).toBeNull();
    expect(plateKind(parsePlate("浙A·12345")!, null)).toBeNull();
  });
});
