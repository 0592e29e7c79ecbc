/**
 * The delivery contract the transfer step relies on. Both the SFTP and the local-folder delivery
 * implement it; see index.ts for how one is opened from a tenant's settings.
 */

/** A file to deliver. Same shape as src/format's OutputFile (structural typing, no import). */
export interface OutputFile {
  name: string;
  content: Buffer;
}

/** A file that reached its final name at the destination, with the size the server reports. */
export interface RemoteFile {
  name: string;
  size: number;
}

export interface Delivery {
  /** "sftp://user@host:22/inbox" or "file:///path" — never a secret. */
  readonly target: string;
  /** Which of these final names exist at the destination, with their sizes. Never lists temp files as final. */
  find(names: string[]): Promise<Map<string, number>>;
  /**
   * For each file: write to a temporary name in the same folder, rename to the final name, then verify
   * the size on the server. Refuses (throws AlreadyExistsError) when a final name already exists — it
   * never overwrites. A stale temporary file from an interrupted earlier upload is replaced.
   */
  upload(files: OutputFile[]): Promise<RemoteFile[]>;
  close(): Promise<void>;
}
