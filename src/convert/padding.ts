/**
 * Spatial size and padding arithmetic for TF convolutions and pools.
 * TF "SAME" pads so that out = ceil(in / stride), putting the odd extra pixel
 * at the end (bottom/right); ONNX wants that as explicit begin/end pads.
 */

export interface AxisPadding {
  begin: number;
  end: number;
  out: number;
}

export function samePadding(input: number, kernel: number, stride: number, dilation = 1): AxisPadding {
  const effective = (kernel - 1) * dilation + 1;
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + effective - input, 0);
  const begin = Math.floor(total / 2);
  return { begin, end: total - begin, out };
}

export function validPadding(input: number, kernel: number, stride: number, dilation = 1): AxisPadding {
  const effective = (kernel - 1) * dilation + 1;
  return { begin: 0, end: 0, out: Math.ceil((input - effective + 1) / stride) };
}

export function explicitPadding(input: number, kernel: number, stride: number, dilation: number, begin: number, end: number): AxisPadding {
  const effective = (kernel - 1) * dilation + 1;
  return { begin, end, out: Math.floor((input + begin + end - effective) / stride) + 1 };
}
