import PDFDocument from 'pdfkit';

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
    title: 'Certificate of International Learning',
    intro: (c: DiplomaContent) => `${c.student.name} har fullført Certificate of International Learning (CIL) ved ${c.programme.nameNb}.`,
    activities: 'Internasjonale aktiviteter',
    home: 'hjemme',
    abroad: 'i utlandet',
    course: 'CIL-karrierekurs gjennomført',
    presentation: 'Erfaringene presentert for andre studenter',
    report: 'Avsluttende refleksjonsnotat godkjent av den lokale ressursgruppen',
    issued: 'Utstedt',
    verify: 'Kontroller diplomet',
  },
  en: {
    title: 'Certificate of International Learning',
    intro: (c: DiplomaContent) => `${c.student.name} has completed the Certificate of International Learning (CIL) on the ${c.programme.nameEn}.`,
    activities: 'International activities',
    home: 'at home',
    abroad: 'abroad',
    course: 'CIL career course completed',
    presentation: 'Experience presented to other students',
    report: 'Final reflection report approved by the local resource group',
    issued: 'Issued',
    verify: 'Verify this diploma',
  },
} as const;

/** The diploma as a PDF: a page in Norwegian bokmål, then one in English. */
export function renderDiplomaPdf(c: DiplomaContent): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 60, info: { Title: `CIL – ${c.student.name}`, Author: c.issuer, Subject: 'Certificate of International Learning' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  (['nb', 'en'] as const).forEach((lang, i) => {
    const t = TEXT[lang];
    if (i > 0) doc.addPage();
    doc.font('Helvetica').fontSize(11).fillColor('#555').text(c.issuer);
    doc.moveDown(2).font('Helvetica-Bold').fontSize(24).fillColor('#000').text(t.title);
    doc.moveDown().font('Helvetica').fontSize(13).text(t.intro(c));
    doc.moveDown(1.5).font('Helvetica-Bold').fontSize(13).text(t.activities);
    doc.font('Helvetica').fontSize(12);
    for (const a of c.activities) doc.text(`• ${a.name} (${a.category === 'home' ? t.home : t.abroad}), ${a.startedOn} – ${a.endedOn}`);
    doc.moveDown();
    if (c.careerCourse) doc.text(`• ${t.course}`);
    if (c.presentation) doc.text(`• ${t.presentation}`);
    doc.text(`• ${t.report}`);
    doc.moveDown(2).text(`${t.issued}: ${c.issuedOn}`);
    doc.moveDown().fontSize(10).fillColor('#333').text(`${t.verify}: ${c.verifyUrl}`, { link: c.verifyUrl, underline: true });
    doc.text(`Code: ${c.verificationCode}`);
  });
  doc.end();
  return done;
}
