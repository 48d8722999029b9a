import { Organisation1795969574168 } from './1795969574168-organisation.js';
import { Rollout1795971034245 } from './1795971034245-rollout.js';
import { Certificate1795972681700 } from './1795972681700-certificate.js';
import { ActivityProposal1795973527095 } from './1795973527095-activity-proposal.js';
import { MailOutbox1795978055320 } from './1795978055320-mail-outbox.js';
import { ReportWithoutMeeting1796350000000 } from './1796350000000-report-without-meeting.js';
import { AuthSession1796351738891 } from './1796351738891-auth-session.js';
import { DiplomaStatusList1796400000000 } from './1796400000000-diploma-status-list.js';
import { OrganisationImport1796408558392 } from './1796408558392-organisation-import.js';
import { PrincipalChanged1796418800000 } from './1796418800000-principal-changed.js';
import { CaseListIndexes1796418968687 } from './1796418968687-case-list-indexes.js';
import { CertificateView1796419337937 } from './1796419337937-certificate-view.js';

// Migrations in the order they run. `npm run migration:generate -- <Name>` adds new ones here.
export const migrations: (new () => object)[] = [Organisation1795969574168, Rollout1795971034245, Certificate1795972681700, ActivityProposal1795973527095, MailOutbox1795978055320, ReportWithoutMeeting1796350000000, AuthSession1796351738891, DiplomaStatusList1796400000000, OrganisationImport1796408558392, PrincipalChanged1796418800000, CaseListIndexes1796418968687, CertificateView1796419337937];
