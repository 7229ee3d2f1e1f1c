import sharp from 'sharp';
import type { FaceBox } from '@facegate/core';

export interface BoxLabel {
  readonly box: FaceBox;
  readonly text: string;
  /** Known identities are drawn green, unknown faces orange. */
  readonly known: boolean;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Writes a copy of the photo with a box and a label per face, drawn as an
 * SVG overlay by sharp (EXIF orientation applied first, so boxes line up
 * with the decoded pixels).
 */
export async function writeAnnotatedCopy(photoPath: string, outputPath: string, labels: readonly BoxLabel[]): Promise<void> {
  const base = sharp(photoPath).rotate();
  const { data, info } = await base.toBuffer({ resolveWithObject: true });
  const stroke = Math.max(2, Math.round(Math.max(info.width, info.height) / 400));
  const fontSize = Math.max(14, Math.round(Math.max(info.width, info.height) / 60));

  const shapes = labels.map(({ box, text, known }) => {
    const colour = known ? '#2ecc40' : '#ff851b';
    const textY = box.y1 > fontSize + 4 ? box.y1 - stroke - 4 : box.y2 + fontSize + 4;
    return [
      `<rect x="${box.x1}" y="${box.y1}" width="${box.x2 - box.x1}" height="${box.y2 - box.y1}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>`,
      `<text x="${box.x1}" y="${textY}" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="${colour}" stroke="#000" stroke-width="${stroke / 3}" paint-order="stroke">${escapeXml(text)}</text>`,
    ].join('');
  });
  const overlay = `<svg xmlns="http://www.w3.org/2000/svg" width="${info.width}" height="${info.height}">${shapes.join('')}</svg>`;
  await sharp(data).composite([{ input: Buffer.from(overlay), top: 0, left: 0 }]).jpeg({ quality: 90 }).toFile(outputPath);
}
