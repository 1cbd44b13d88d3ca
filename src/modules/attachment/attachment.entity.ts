import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../user/user.entity';

/**
 * One uploaded file, as stored: cleaned of its metadata, typed by its content. Until a command attaches it
 * to a case (or a visit) only its uploader may use it; it is not part of the schema.
 */
@Entity({ tableName: 'attachment' })
export class Attachment {
  @PrimaryKey({ type: 'integer' })
  readonly id!: number;

  @ManyToOne(() => User, { deleteRule: 'restrict', index: true })
  uploader!: User;

  @Property({ type: 'string', length: 50 })
  contentType!: string;

  @Property({ type: 'integer' })
  byteSize!: number;

  @Property({ type: 'string', length: 64 })
  sha256!: string;

  /** Where the storage driver keeps the bytes (a file name, an object key); never shown to clients. */
  @Property({ type: 'string', length: 200 })
  storageKey!: string;

  @Property({ type: 'datetime' })
  uploadedAt: Date = new Date();

  /** Set when a command attaches it: an upload is attached once. */
  @Property({ type: 'datetime', nullable: true })
  attachedAt?: Date | null;
}
