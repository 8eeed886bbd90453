export type UploadStatus = 'receiving' | 'completed' | 'rejected';

export interface Upload {
  readonly id: string;
  readonly userId: number;
  readonly videoId: number | null;
  readonly filename: string;
  readonly title: string | null;
  readonly size: number;
  readonly status: UploadStatus;
  readonly errorCode: string | null;
  readonly createdAt: Date;
}

/** Port: the uploads in progress and their outcome. */
export interface UploadRepository {
  insert(upload: { id: string; userId: number; videoId: number | null; filename: string; title: string | null; size: number }): Promise<Upload>;
  findById(id: string): Promise<Upload | null>;
  /** Moves a receiving upload to its final state; false when it was not receiving anymore. */
  finish(id: string, outcome: { status: 'completed'; videoId: number } | { status: 'rejected'; errorCode: string }): Promise<boolean>;
  /** Bytes announced by the user's uploads still being received. */
  reservedBytes(userId: number): Promise<number>;
  /** Receiving uploads older than the cutoff (abandoned). */
  listStale(olderThan: Date): Promise<Upload[]>;
}
