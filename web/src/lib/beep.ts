// A short two-tone alert generated with WebAudio (no sound file to fetch).
// Browsers only let audio start after a user gesture, so the context is made
// on first use and resumed when suspended.
let context: AudioContext | null = null;

export function unlockAudio(): void {
  if (!context) context = new AudioContext();
  if (context.state === "suspended") void context.resume();
}

export function beep(): void {
  if (!context || context.state !== "running") return;
  const now = context.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.18, 660]] as const) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, now + offset);
    gain.gain.exponentialRampToValueAtTime(0.3, now + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.15);
    osc.connect(gain).connect(context.destination);
    osc.start(now + offset);
    osc.stop(now + offset + 0.16);
  }
}
