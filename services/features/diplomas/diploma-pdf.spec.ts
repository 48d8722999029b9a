import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it, jest } from '@jest/globals';
import jsQRModule from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { repoRoot } from '../../platform/config/config.schema.js';
import { renderDiplomaPdf, type DiplomaContent } from './diploma-pdf.js';

const OUT = join(repoRoot, 'test-output', 'diploma');

const content: DiplomaContent = {
  student: { name: 'Kari Nordmann' },
  programme: { code: 'BSYK', nameNb: 'Bachelor i sykepleie', nameEn: 'Bachelor in Nursing' },
  activities: [
    { name: 'Utvekslingssemester i Lund', category: 'abroad', startedOn: '2027-01-10', endedOn: '2027-06-20' },
    { name: 'Språkkafé', category: 'home', startedOn: '2026-09-01', endedOn: '2026-12-01' },
    { name: 'Fadderordning for internasjonale studenter', category: 'home', startedOn: '2026-08-15', endedOn: '2026-12-20' },
  ],
  careerCourse: true,
  presentation: true,
  issuedOn: '2027-08-15',
  issuer: 'OsloMet – storbyuniversitetet · Oslo Metropolitan University',
  verificationCode: 'CIL-ABCD-EFGH-JKMN',
  verifyUrl: 'https://cil.oslomet.no/verify/CIL-ABCD-EFGH-JKMN',
};

/** The PDF's pages, their text, and page 1 rendered as a person sees it (RGBA pixels). */
async function read(pdf: Buffer) {
  const task = getDocument({ data: new Uint8Array(pdf), standardFontDataUrl: `${join(repoRoot, 'node_modules', 'pdfjs-dist', 'standard_fonts')}/`, verbosity: 0 });
  const doc = await task.promise;
  const page = await doc.getPage(1);
  const viewport = page.getViewport({ scale: 2 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({ canvas: canvas as never, canvasContext: canvas.getContext('2d') as never, viewport }).promise;
  const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' ');
  const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  const attachments: { filename: string; text: string }[] = [];
  for (const [id, a] of (await doc.getAttachments()) ?? []) attachments.push({ filename: a.filename, text: Buffer.from((await doc.getAttachmentContent(id)) ?? []).toString('utf8') });
  const result = { pages: doc.numPages, text, image, png: canvas.toBuffer('image/png'), metadata: await doc.getMetadata(), attachments };
  await task.destroy();
  return result;
}

describe('the diploma PDF', () => {
  jest.setTimeout(60_000);

  it('is one sheet in Norwegian and English whose QR code opens the verification URL', async () => {
    const pdf = await renderDiplomaPdf(content, 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln');
    const seen = await read(pdf);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'diploma.png'), seen.png);

    expect(seen.pages).toBe(1);
    const qr = jsQRModule.default(new Uint8ClampedArray(seen.image.data), seen.image.width, seen.image.height);
    expect(qr?.data).toBe(content.verifyUrl);

    // What a person reads on it, in both languages.
    for (const words of [
      'Certificate of International Learning',
      'OsloMet – storbyuniversitetet · Oslo Metropolitan University',
      'Kari Nordmann',
      'Bachelor i sykepleie · Bachelor in Nursing',
      'Internasjonale aktiviteter',
      'International activities',
      'Utvekslingssemester i Lund',
      'i utlandet, 2027-01-10 – 2027-06-20',
      'abroad, 2027-01-10 – 2027-06-20',
      'hjemme, 2026-09-01 – 2026-12-01',
      'at home, 2026-09-01 – 2026-12-01',
      'CIL-karrierekurs gjennomført',
      'CIL career course completed',
      'Kode · Code: CIL-ABCD-EFGH-JKMN',
      content.verifyUrl,
    ])
      expect({ words, found: seen.text.includes(words) }).toEqual({ words, found: true });

    // The verification URL in the metadata, the credential attached.
    const info = seen.metadata.info as Record<string, string>;
    expect(info.Subject).toContain(content.verifyUrl);
    expect(info.Keywords).toContain(content.verificationCode);
    expect(seen.attachments).toEqual([{ filename: 'cil-credential.jwt', text: 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln' }]);
  });

  it('a QR code of another diploma’s URL does not decode to this one', async () => {
    const other = await read(await renderDiplomaPdf({ ...content, verificationCode: 'CIL-ZZZZ-YYYY-XXXX', verifyUrl: 'https://cil.oslomet.no/verify/CIL-ZZZZ-YYYY-XXXX' }));
    expect(jsQRModule.default(new Uint8ClampedArray(other.image.data), other.image.width, other.image.height)?.data).toBe('https://cil.oslomet.no/verify/CIL-ZZZZ-YYYY-XXXX');
    expect(other.attachments).toEqual([]);
  });
});
