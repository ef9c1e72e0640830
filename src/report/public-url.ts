/**
 * The board's public URL (config `board.publicUrl`), the base of the ledger's
 * incident links; undefined when the deployment sets none (links are then
 * relative, /incidents/<id>).
 */
export function boardPublicUrl(deployment: object): string | undefined {
  // Read structurally: the board section is optional in older configs.
  const board = (deployment as { board?: { publicUrl?: string } }).board;
  return board?.publicUrl;
}
