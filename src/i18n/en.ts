import type { Messages } from './id.ts';

export const en: Messages = {
  appName: 'Public Service Survey',
  switchLanguage: 'Bahasa Indonesia',
  tagline: 'Citizen Satisfaction Index, Anti-Corruption Perception Index and Service Quality Perception Index — computed right, published openly.',
  forCitizens: 'For citizens',
  forCitizensText:
    'Just been served? Scan the QR code at the counter and answer the survey in a minute. The survey is anonymous: no name, ID number or phone number is asked.',
  forTeams: 'For survey teams',
  forTeamsText:
    'Follow the IKM, IPAK and IPKP per unit, counter, service and period against the Integrity Zone thresholds (WBK/WBBM), follow up the weakest unsur, and download the quarterly report for KemenPAN-RB.',
  signIn: 'Sign in to the workspace',
  publishedResults: 'Published results',
  publishedResultsEmpty: 'No survey results have been published yet.',
  howScored: 'How the scores are computed',
  howScoredText:
    'IKM = the mean of the unsur NRR with the exact 1/k weight (PermenPANRB 14/2017); konversi = IKM × 25; mutu A–D is read from the konversi rounded to two decimals. IPAK and IPKP are computed the same way and compared with the WBK/WBBM thresholds (PermenPANRB 90/2021).',
  errorTitle: 'Something went wrong',
  notFoundTitle: 'Page not found',
  notFoundText: 'The address you opened does not exist or is no longer active.',
  serverErrorText: 'Sorry, something went wrong on the server. Please try again in a moment.',
  unavailableText: 'The service is temporarily unavailable. Please try again in a moment.',
  backHome: 'Back to the home page',
  requestId: 'Request id',
};
