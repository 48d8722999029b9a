import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

export interface DiplomaContent {
  student: { name: string };
  programme: { code: string; nameNb: string; nameEn: string };
  activities: { name: string; category: 'home' | 'abroad'; startedOn: string; endedOn: string }[];
  careerCourse: boolean;
  presentation: boolean;
  issuedOn: string;
  issuer: string;
  verificationCode: string;
  verifyUrl: string;
}

const TEXT = {
  nb: {
    language: 'Norsk',
    intro: (c: DiplomaContent) => `${c.student.name} har fullført Certificate of International Learning (CIL) ved ${c.programme.nameNb}.`,
    activities: 'Internasjonale aktiviteter',
    home: 'hjemme',
    abroad: 'i utlandet',
    course: 'CIL-karrierekurs gjennomført',
    presentation: 'Erfaringene presentert for andre studenter',
    report: 'Avsluttende refleksjonsnotat godkjent av den lokale ressursgruppen',
  },
  en: {
    language: 'English',
    intro: (c: DiplomaContent) => `${c.student.name} has completed the Certificate of International Learning (CIL) on the ${c.programme.nameEn}.`,
    activities: 'International activities',
    home: 'at home',
    abroad: 'abroad',
    course: 'CIL career course completed',
    presentation: 'Experience presented to other students',
    report: 'Final reflection report approved by the local resource group',
  },
} as const;

const INK = '#1a1a1a';
const MUTED = '#555555';
const ACCENT = '#005f73';

/** Dark modules of a QR code around which this many light ones are kept (the quiet zone). */
const QR_MARGIN_MODULES = 2;

/**
 * A QR code of `text` drawn as vector squares, `size` points wide with its quiet zone, its top left
 * corner at (x, y). Drawn rather than embedded as a PNG: no image to encode and decode again, and
 * sharp at any zoom.
 */
function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const unit = size / (n + 2 * QR_MARGIN_MODULES);
  const origin = (i: number) => (QR_MARGIN_MODULES + i) * unit;
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  // Each row's runs of dark modules as one rectangle, all in one path filled once.
  for (let row = 0; row < n; row += 1) {
    for (let col = 0; col < n; ) {
      if (!modules.data[row * n + col]) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < n && modules.data[row * n + col]) col += 1;
      doc.rect(x + origin(start), y + origin(row), (col - start) * unit, unit);
    }
  }
  doc.fill('#000000');
  doc.restore();
}

/**
 * The diploma as a PDF: one A4 sheet, Norwegian bokmål and English side by side, with the
 * verification block (a QR code of the verification URL, the URL and the code) at the foot. The
 * verification URL is also in the document's metadata (Subject, Keywords), and the Open Badges 3.0
 * credential, when given, rides along as an attached file (cil-credential.jwt).
 */
export async function renderDiplomaPdf(c: DiplomaContent, credentialJwt?: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Certificate of International Learning – ${c.student.name}`, Author: c.issuer, Subject: `Certificate of International Learning. Verify: ${c.verifyUrl}`, Keywords: `CIL, ${c.verificationCode}, ${c.verifyUrl}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (credentialJwt) doc.file(Buffer.from(credentialJwt, 'utf8'), { name: 'cil-credential.jwt', type: 'application/vc+jwt', description: 'Open Badges 3.0 credential (VC-JWT) of this diploma' });

  const left = 50;
  const width = doc.page.width - 100;
  /** A bullet item whose wrapped lines align under its first word. */
  const bullet = (text: string, x: number, y: number, w: number) => {
    doc.text('•', x, y, { width: 10 });
    doc.text(text, x + 10, y, { width: w - 10 });
  };
  const rule = (y: number) => doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.75).strokeColor('#c8c8c8').stroke();

  doc.rect(0, 0, doc.page.width, 8).fill(ACCENT);
  doc.font('Helvetica').fontSize(11).fillColor(MUTED).text(c.issuer, left, 40, { width });
  doc.font('Helvetica-Bold').fontSize(26).fillColor(INK).text('Certificate of International Learning', left, 70, { width });
  doc.font('Helvetica-Bold').fontSize(18).fillColor(ACCENT).text(c.student.name, left, doc.y + 12, { width });
  doc.font('Helvetica').fontSize(12).fillColor(MUTED).text(`${c.programme.nameNb} · ${c.programme.nameEn}`, left, doc.y + 4, { width });
  const top = doc.y + 16;
  rule(top);

  // The two languages side by side, each in its column.
  const gap = 30;
  const column = (width - gap) / 2;
  const bottoms = (['nb', 'en'] as const).map((lang, i) => {
    const t = TEXT[lang];
    const x = left + i * (column + gap);
    doc.font('Helvetica-Bold').fontSize(9).fillColor(ACCENT).text(t.language.toUpperCase(), x, top + 16, { width: column, characterSpacing: 1 });
    doc.font('Helvetica').fontSize(11.5).fillColor(INK).text(t.intro(c), x, doc.y + 6, { width: column, lineGap: 2 });
    doc.font('Helvetica-Bold').fontSize(11.5).text(t.activities, x, doc.y + 14, { width: column });
    for (const a of c.activities) {
      doc.font('Helvetica').fontSize(11).fillColor(INK);
      bullet(a.name, x, doc.y + 5, column);
      doc.fontSize(10).fillColor(MUTED).text(`${a.category === 'home' ? t.home : t.abroad}, ${a.startedOn} – ${a.endedOn}`, x + 10, doc.y + 1, { width: column - 10 });
    }
    doc.font('Helvetica').fontSize(11).fillColor(INK);
    const items: string[] = [...(c.careerCourse ? [t.course] : []), ...(c.presentation ? [t.presentation] : []), t.report];
    doc.text('', x, doc.y + 10);
    for (const item of items) bullet(item, x, doc.y + 4, column);
    return doc.y;
  });

  // The verification block: QR code, URL, code, date of issue.
  const qrSize = 118;
  const blockTop = Math.max(...bottoms, doc.page.height - 50 - qrSize - 34) + 24;
  rule(blockTop - 12);
  drawQrCode(doc, c.verifyUrl, left, blockTop, qrSize);
  const tx = left + qrSize + 20;
  const tw = width - qrSize - 20;
  doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text('Kontroller diplomet · Verify this diploma', tx, blockTop + 6, { width: tw });
  doc.font('Helvetica').fontSize(10).fillColor(ACCENT).text(c.verifyUrl, tx, doc.y + 6, { width: tw, link: c.verifyUrl, underline: true });
  doc.font('Helvetica').fontSize(10).fillColor(INK).text(`Kode · Code: ${c.verificationCode}`, tx, doc.y + 8, { width: tw });
  doc.text(`Utstedt · Issued: ${c.issuedOn}`, tx, doc.y + 4, { width: tw });
  doc.fontSize(8.5).fillColor(MUTED).text('Skann koden eller åpne adressen for å se om diplomet er gyldig, uten innlogging. · Scan the code or open the address to see whether the diploma is valid, no sign-in needed.', tx, doc.y + 8, { width: tw });
  doc.end();
  return done;
}
