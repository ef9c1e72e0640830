/**
 * `${NAME}` in a camera URL is replaced by the environment variable NAME, so
 * passwords can stay out of the YAML file: rtsp://admin:${J01_PASSWORD}@….
 * Only source URLs are expanded; `$${` escapes a literal `${`.
 */
export interface Expanded {
  value: string;
  /** Variables referenced but not set. */
  missing: string[];
}

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function expandEnv(value: string, env: NodeJS.ProcessEnv): Expanded {
  const missing: string[] = [];
  const expanded = value.replace(REFERENCE, (whole, escape: string, name: string) => {
    if (escape) return whole.slice(1);
    const found = env[name];
    if (found === undefined) {
      missing.push(name);
      return whole;
    }
    return found;
  });
  return { value: expanded, missing };
}
