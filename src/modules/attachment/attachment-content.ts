import { fromBuffer } from 'file-type';
import sharp from 'sharp';
import { badInput } from '../../common/errors';

/** Photos are re-encoded without metadata; documents are kept as they are. */
const IMAGES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const DOCUMENTS = new Set(['application/pdf']);

export interface CleanContent {
  contentType: string;
  bytes: Buffer;
}

/**
 * The type is read from the content's own signature, never from a name or a header a client sent. A photo
 * is decoded and written again: sharp keeps no metadata unless asked, so EXIF location and device data,
 * XMP and IPTC are gone; the orientation is applied to the pixels first so the photo still stands upright.
 */
export async function cleanContent(bytes: Buffer): Promise<CleanContent> {
  const found = await fromBuffer(bytes);
  const contentType = found?.mime ?? 'unknown';
  if (DOCUMENTS.has(contentType)) return { contentType, bytes };
  if (!IMAGES.has(contentType))
    throw badInput('file', `a ${contentType} file is not accepted; send a JPEG, PNG or WebP photo or a PDF`);
  try {
    const image = sharp(bytes, { failOn: 'error' }).rotate();
    const cleaned =
      contentType === 'image/jpeg'
        ? await image.jpeg({ quality: 90 }).toBuffer()
        : contentType === 'image/png'
          ? await image.png().toBuffer()
          : await image.webp().toBuffer();
    return { contentType, bytes: cleaned };
  } catch {
    throw badInput('file', 'the photo cannot be read; it may be damaged');
  }
}
