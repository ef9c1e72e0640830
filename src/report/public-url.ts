/**
 * The board's public URL (config `board.publicUrl`), the base of the ledger's
 * incident links; undefined when the deployment sets none (links are then
 * relative, /incidents/<id>).
 */
import type { Deployment } from "../config/schema.js";

export function boardPublicUrl(deployment: Pick<Deployment, "board">): string | undefined {
  return deployment.board.publicUrl;
}
