/** Hour figures of the resource model (from the staff page), set by configuration. */
export interface ResourceModel {
  workshopHours: number; // half-day workshop, per local-group member
  calibrationMeetingHours: number; // per meeting, per member
  calibrationMeetings: number; // 1–2
  informationWorkHours: number; // web pages, info meetings
  followUpHoursPerStudentPerSemester: number;
  reviewMeetingHours: number; // per meeting, per member
  reviewMeetingsPerSemester: number; // 1–2
  activityAssessmentHoursPerSemester: number;
  localGroupSize: number;
}

export interface ResourceEstimate {
  developmentHours: number;
  operationHoursPerSemester: number;
  /** Each line: `item` in English (the JSON API's), `text` in both languages (pages). */
  lines: { phase: 'development' | 'operation'; item: string; text: { nb: string; en: string }; hours: number }[];
}

/** Expected hours for developing and operating CIL on a programme with the given intake. */
export function estimateResources(model: ResourceModel, expectedStudentsPerYear: number): ResourceEstimate {
  const studentsPerSemester = Math.max(0, expectedStudentsPerYear) / 2;
  const line = (phase: 'development' | 'operation', en: string, nb: string, hours: number) => ({ phase, item: en, text: { nb, en }, hours });
  const lines: ResourceEstimate['lines'] = [
    line('development', 'workshop (half a day, whole local group)', 'arbeidsverksted (en halv dag, hele den lokale gruppen)', model.workshopHours * model.localGroupSize),
    line('development', `calibration meetings (${model.calibrationMeetings})`, `kalibreringsmøter (${model.calibrationMeetings})`, model.calibrationMeetingHours * model.calibrationMeetings * model.localGroupSize),
    line('development', 'information work towards students', 'informasjonsarbeid mot studentene', model.informationWorkHours),
    line('operation', `follow-up of about ${studentsPerSemester} enrolled students`, `oppfølging av omtrent ${studentsPerSemester} påmeldte studenter`, model.followUpHoursPerStudentPerSemester * studentsPerSemester),
    line('operation', `review meetings (${model.reviewMeetingsPerSemester})`, `vurderingsmøter (${model.reviewMeetingsPerSemester})`, model.reviewMeetingHours * model.reviewMeetingsPerSemester * model.localGroupSize),
    line('operation', 'assessment of new activities', 'vurdering av nye aktiviteter', model.activityAssessmentHoursPerSemester),
  ];
  const sum = (phase: 'development' | 'operation') => Math.round(lines.filter((l) => l.phase === phase).reduce((s, l) => s + l.hours, 0) * 10) / 10;
  return { developmentHours: sum('development'), operationHoursPerSemester: sum('operation'), lines };
}
