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
  /** Reads the delivery folder's attributes and listing, writing nothing (SFTP; for `npm run doctor`). */
  inspect?(): Promise<FolderInspection>;
  close(): Promise<void>;
}

/** Attributes as a server lists them; null where it sends none. */
export interface Owner {
  uid: number | null;
  gid: number | null;
}

/** What `inspect()` saw: the folder, the login folder (usually the account's own) and the names in the folder. */
export interface FolderInspection {
  folder: Owner & { mode: number | null };
  login: (Owner & { path: string }) | null;
  entries: string[];
}
