import type { DiplomaContent } from '../../services/features/diplomas/diploma-pdf.js';

export const SAMPLE_VERIFICATION_CODE = 'CIL-ABCD-EFGH-JKMN';

/** A diploma's content as the service gathers it, issued from `publicUrl`: two activities, at home and abroad. */
export const sampleDiploma = (publicUrl: string): DiplomaContent => ({
  student: { name: 'Kari Nordmann' },
  programme: { code: 'BSYK', nameNb: 'Sykepleie', nameEn: 'Nursing' },
  activities: [
    { name: 'Exchange semester', category: 'abroad', startedOn: '2027-01-10', endedOn: '2027-06-20' },
    { name: 'Language café', category: 'home', startedOn: '2026-09-01', endedOn: '2026-12-01' },
  ],
  careerCourse: true,
  presentation: true,
  issuedOn: '2027-08-15',
  issuer: 'OsloMet – Oslo Metropolitan University',
  verificationCode: SAMPLE_VERIFICATION_CODE,
  verifyUrl: `${publicUrl}/verify/${SAMPLE_VERIFICATION_CODE}`,
});
