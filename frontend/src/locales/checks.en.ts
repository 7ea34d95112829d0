// The English twins of checks.zh.ts.
import type { accountability as zh } from './checks.zh'

export const accountability: typeof zh = {
  checks: {
    title: 'Checks', create: 'Start a check round', kind: 'Kind', kinds: { self: 'Self-check', cross: 'Cross-check', spot: 'Spot check' },
    kindHint: { self: "A county's officials check their own county", cross: 'Check another county of the same city', spot: "A city's officials check their city" },
    region: 'Region checked', periodFrom: 'From', periodTo: 'To', subjects: 'What to check', sampleSize: 'Sample size',
    subjectNames: { needs: 'Need reviews', deliveries: 'Confirmed deliveries' }, subjectTypes: { need: 'Need', delivery: 'Delivery' },
    submit: 'Start and draw the sample', created: '{n} items drawn', list: 'Check rounds', none: 'No check rounds yet', open: 'Open',
    seed: 'Random seed', seedEvent: 'Audit record {id} holds the seed: anyone can recompute the sample from it', candidates: '{n} candidates, {k} drawn',
    period: 'Period', items: 'Items drawn', subject: 'Subject', decidedBy: 'Decided by', decidedAt: 'Decided at', finding: 'Finding',
    record: 'Record', result: 'Result', results: { ok: 'No problem', problem: 'Problem' }, problemKind: 'Kind of problem',
    suspected: 'Suspected (recorded as a problem)', note: 'Note (optional)', recorded: 'Recorded', pending: 'Not checked yet',
    csv: 'Download the report (CSV)', rectification: 'Rectification', toRectification: 'See the rectification', problemOpened: 'Recorded; the township must rectify it by {date}',
  },
  problemKinds: { not_eligible: 'Not eligible', not_delivered: 'Not delivered', quantity_short: 'Quantity short', quality: 'Quality', data_wrong: 'Wrong data', other: 'Other' },
  rect: {
    title: 'Rectifications', all: 'All', statuses: { open: 'To rectify', answered: 'Answered, to accept', accepted: 'Accepted' }, deadline: 'Deadline', colon: ': ',
    overdue: 'Overdue', township: 'Township', problemKind: 'Problem', round: 'Round', answer: 'Answer', answerText: 'What was done',
    answerPlaceholder: 'Say what was put right', answered: 'Answered; the checker decides next', accept: 'Accept', accepted: 'Accepted',
    reopen: 'Reopen', reopened: 'Reopened with a new deadline', reopenedCount: 'Reopened {n} times', none: 'No rectifications',
    reopenReason: 'Why (the township reads it)', escalation: 'Escalated {n} levels',
  },
  revisits: {
    title: 'Revisits', open: 'To revisit', answered: 'Revisited', due: 'Due', outcome: 'Outcome',
    outcomes: { improved: 'Improved', same: 'The same', worse: 'Worse', at_risk: 'At risk of poverty again' }, note: 'Note (optional)', submit: 'Record',
    recorded: 'Revisit recorded', none: 'No revisits', need: 'Need that was helped', monitored: 'The household is now monitored', suggested: 'A new need is suggested for the household',
    openForm: 'Post the suggested need', formTitle: 'A new need for the household (pre-filled)', household: 'Household',
  },
  officialFigures: {
    title: 'My record', reviews: 'Needs reviewed', rejections: 'Rejected', rejectionRate: 'Rejection rate', medianReview: 'Median review time',
    pledgeDecisions: 'Pledges decided', decisionsChecked: 'Decisions checked', problemsFound: 'Problems found', overdue: 'Overdue rectifications',
    hours: '{n} h', none: '—',
  },
  checkFigures: {
    title: 'Check figures', rounds: 'rounds', itemsChecked: 'items checked', problems: 'problems', problemRate: 'Problem rate',
    rectifications: 'rectifications', overdue: 'overdue', onTime: 'Rectified on time', byKind: 'Problems by kind',
    disclosures: 'Problems found and rectified', noDisclosures: 'Nothing rectified to disclose yet', countyOnly: 'Choose a county to see the problems found and rectified',
    outcomes: { rectified_on_time: 'On time', rectified_late: 'Late' }, foundAt: 'Found', rectifiedAt: 'Rectified',
  },
  confirmChecks: {
    create: 'The sample is drawn at once, its seed goes on the audit chain, and it cannot be changed. Start the round?',
    finding: 'A finding cannot be changed; a problem tells the township to rectify it. Record it?',
    accept: 'Accepted, the problem counts as rectified and is disclosed publicly. Accept it?',
    reopen: 'The township must rectify it again, by a new deadline.',
  },
}
