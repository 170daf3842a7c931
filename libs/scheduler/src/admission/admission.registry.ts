import { type AdmissionName, type AdmissionPolicy } from './admission.port';
import { EarlyAdmission } from './early.admission';
import { NoAdmission } from './none.admission';
import { PredictiveAdmission } from './predictive.admission';

/** Admission policies selectable by name in configuration. */
export const ADMISSION_POLICIES: Readonly<Record<AdmissionName, () => AdmissionPolicy>> = {
  none: () => new NoAdmission(),
  early: () => new EarlyAdmission(),
  predictive: () => new PredictiveAdmission(),
};

export const ADMISSION_NAMES = Object.keys(ADMISSION_POLICIES) as AdmissionName[];
