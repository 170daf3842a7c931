import { ADMIT, type AdmissionPolicy, type AdmissionVerdict } from './admission.port';

/** `none`: admits every routed request; load shows up as latency, not as rejections. */
export class NoAdmission implements AdmissionPolicy {
  readonly name = 'none';

  decodeHorizonMs(): number {
    return 0;
  }

  judge(): AdmissionVerdict {
    return ADMIT;
  }
}
