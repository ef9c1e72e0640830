import { describe, expect, it } from "vitest";
import { DeploymentSchema } from "../../src/config/schema.js";
import { CENTERNET_MOBILENETV3 } from "../../src/convert/default-models.js";
import { overrideConstants, sizedConversion } from "../../src/convert/input-size.js";
import type { ConstTensor } from "../../src/convert/tensor.js";
import { detectorModelName } from "../../src/detect/model-registry.js";
import { isKerbsideError } from "../../src/errors.js";

describe("input size", () => {
  it("derives the CenterNet constants from the size (quarter-size heat map, 1/16 and 1/8 upsampling)", () => {
    const { inputShapes, constants } = sizedConversion(CENTERNET_MOBILENETV3.inputSize, 416);
    expect(inputShapes).toEqual({ "tower_0/images": [1, 416, 416, 3] });
    expect(constants).toMatchObject({
      "tower_0/CenternetHead/c5_upsample/up_sampling2d/mul": [26, 26],
      "tower_0/CenternetHead/c3_upsample/up_sampling2d_2/mul": [104, 104],
      "tower_0/BatchGather/concat": [104 * 104, 4],
      "tower_0/strided_slice_6": [104],
    });
    // At the native size they are the graph's own values.
    expect(sizedConversion(CENTERNET_MOBILENETV3.inputSize, 512).constants!["tower_0/BatchGather/concat"]).toEqual([16384, 4]);
  });

  it("overrides constants in place and names one that does not fit", () => {
    const weights = new Map<string, ConstTensor>([["c", { dtype: "int32", shape: [2], data: Int32Array.from([32, 32]) }]]);
    overrideConstants(weights, { c: [26, 26] });
    expect(Array.from(weights.get("c")!.data as Int32Array)).toEqual([26, 26]);
    const wrongLength = (() => { try { overrideConstants(weights, { c: [1] }); } catch (e) { return e; } })();
    expect(isKerbsideError(wrongLength, "KERB_ERR_CONVERT")).toBe(true);
    expect(() => overrideConstants(weights, { missing: [1] })).toThrow(/"missing" is not in the graph/);
  });

  it("detector.inputSize picks the <model>-<size> card and is validated in the config", () => {
    expect(detectorModelName({ model: "centernet-mobilenetv3" })).toBe("centernet-mobilenetv3");
    expect(detectorModelName({ model: "centernet-mobilenetv3", inputSize: 512 })).toBe("centernet-mobilenetv3-512");
    const parse = (inputSize: unknown) => DeploymentSchema.safeParse({ points: [{}], detector: { inputSize } });
    expect(parse(416).success && parse(416).data?.detector.inputSize).toBe(416);
    expect(parse(400).success).toBe(false);
    expect(parse(2048).success).toBe(false);
    expect(DeploymentSchema.parse({ points: [{}] }).detector.inputSize).toBeUndefined();
  });
});
