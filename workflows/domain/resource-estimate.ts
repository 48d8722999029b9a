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
  lines: { phase: 'development' | 'operation'; item: string; hours: number }[];
}

/** Expected hours for developing and operating CIL on a programme with the given intake. */
export function estimateResources(model: ResourceModel, expectedStudentsPerYear: number): ResourceEstimate {
  const studentsPerSemester = Math.max(0, expectedStudentsPerYear) / 2;
  const lines: ResourceEstimate['lines'] = [
    { phase: 'development', item: 'workshop (half a day, whole local group)', hours: model.workshopHours * model.localGroupSize },
    { phase: 'development', item: `calibration meetings (${model.calibrationMeetings})`, hours: model.calibrationMeetingHours * model.calibrationMeetings * model.localGroupSize },
    { phase: 'development', item: 'information work towards students', hours: model.informationWorkHours },
    { phase: 'operation', item: `follow-up of about ${studentsPerSemester} enrolled students`, hours: model.followUpHoursPerStudentPerSemester * studentsPerSemester },
    { phase: 'operation', item: `review meetings (${model.reviewMeetingsPerSemester})`, hours: model.reviewMeetingHours * model.reviewMeetingsPerSemester * model.localGroupSize },
    { phase: 'operation', item: 'assessment of new activities', hours: model.activityAssessmentHoursPerSemester },
  ];
  const sum = (phase: 'development' | 'operation') => Math.round(lines.filter((l) => l.phase === phase).reduce((s, l) => s + l.hours, 0) * 10) / 10;
  return { developmentHours: sum('development'), operationHoursPerSemester: sum('operation'), lines };
}
