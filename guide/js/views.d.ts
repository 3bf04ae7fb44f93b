// Written by tools/js_types.py from src/decision_tree/views.py: edit views.py, then run
// `.venv/bin/python -m tools.js_types`. What each field means is documented there.
export interface PhrasingView { text: string; channel: string; }
/** A "don't say" line and why: shown behind the step's disclosure, never copyable. */
export interface AvoidView { text: string; why: string; }
/** What a step rests on: ``basis`` is ``source``, ``consensus`` or ``research``. */
export interface EvidenceView { basis: string; cite: string; url: string; }
export interface InterventionView {
  id: string;
  title: string;
  action: string;
  how: string;
  pitfalls: string[];
  phrasings: PhrasingView[];
  avoid: AvoidView[];
  evidence: EvidenceView[];
  url: string;
  standing: boolean;
  safety: boolean;
  on_return: boolean;
  why: string[];
  notes: string[];
  glance_notes: string[];
}
/** The message for a patient at risk who is not in the room (rule 14), with its blanks listed. */
export interface SafetyMessageView { text: string; channel: string; placeholders: string[]; beside: string; }
/** ``python -m decision_tree recommend --json``. */
export interface ResultView {
  level: string;
  level_title: string;
  level_summary: string;
  level_url: string;
  safety: boolean;
  risk: string;
  phase: string;
  signs: string[];
  noted: string[];
  followups: Record<string, string>;
  contact: string;
  interventions: InterventionView[];
  keep_doing_heading: string;
  rationale: string[];
  notes: string[];
  safety_message: SafetyMessageView | null;
}
export interface AnswerView { value: string; label: string; help: string; }
/** Signs that exclude each other (rule 13), offered as one choice; ``none_label`` is the first option. */
export interface GroupView { id: string; prompt: string; none_label: string; answers: AnswerView[]; }
export interface QuestionView {
  id: string;
  kind: "single" | "multi";
  prompt: string;
  help: string;
  answers: AnswerView[];
  groups: GroupView[];
  step: number;
  at_most: number;
}
export interface AnsweredView { question: string; prompt: string; answers: string[]; }
/** What the guide shows for a fragment: a question or a result, never an error. */
export interface View {
  state: "question" | "result";
  ignored: string[];
  back: string | null;
  risk_flagged: boolean;
  answers: AnsweredView[];
  question: QuestionView | null;
  result: ResultView | null;
  fragment: string;
}
export interface GuideMessage extends View { html: string; platform: string; }
export interface Failure { state: "error"; message: string; platform: string; }
export interface PracticeItemView {
  id: string;
  title: string;
  url: string;
  reason: string;
  mark: string;
  note: string;
}
/** How a trainee's answer compares with the engine's result and the case's key (``practice.feedback``). */
export interface PracticeFeedbackView {
  level: string;
  level_title: string;
  level_url: string;
  level_reason: string;
  reading: string;
  chosen_level: string;
  chosen_level_title: string;
  level_right: boolean;
  safety: boolean;
  failed: boolean;
  steps: PracticeItemView[];
  added: PracticeItemView[];
  defensible: PracticeItemView[];
  standing: PracticeItemView[];
  keep_doing_heading: string;
  score: number | null;
  score_explained: string;
}
/** What the page keeps of an answered case, in memory only, and sends back for the summary. */
export interface PracticeResultView {
  case_id: string;
  title: string;
  score: number | null;
  failed: boolean;
  missed: string[];
}
export interface PracticeView {
  state: "feedback";
  case_id: string;
  feedback: PracticeFeedbackView;
  result: PracticeResultView;
  announcement: string;
  html: string;
  platform: string;
}
/** The end of a set (``practice.summary``): computed in Python from the results the page kept. */
export interface PracticeSummaryView {
  cases_done: number;
  total: number;
  mean_score: number | null;
  failed: string[];
  most_missed: PracticeItemView[];
}
export interface PracticeSummaryMessage {
  state: "summary";
  summary: PracticeSummaryView;
  announcement: string;
  html: string;
  platform: string;
}
/** A blank of the consultation card: a textarea on screen, lines on paper. */
export interface ConsultBlankView { id: string; label: string; help: string; lines: number; }
/** A neutral note for the record, with only the lines that fit the situation, and what to leave out. */
export interface ConsultNoteView { id: string; title: string; lines: string[]; leave_out: string[]; }
/** The situation, from a result's answers: what the card summarises. */
export interface ConsultSituationView {
  risk: string;
  risk_label: string;
  phase_label: string;
  noted: string[];
  followups: AnsweredView[];
  level: string;
  level_title: string;
  steps: string[];
}
/** What ``guide/consult/`` shows for a guide link. The request, from the page to the worker, is:: */
export interface ConsultView {
  state: "card" | "unfinished" | "no-answers";
  fragment: string;
  ignored: string[];
  title: string;
  lead: string;
  reminder: string;
  risk_first: string;
  level_note: string;
  situation: ConsultSituationView | null;
  blanks: ConsultBlankView[];
  notes: ConsultNoteView[];
}
/** The reply to a ``consult`` request: the view, its HTML (rendered and escaped by ``consult.py``), ``platform``. */
export interface ConsultMessage extends ConsultView { html: string; platform: string; }
