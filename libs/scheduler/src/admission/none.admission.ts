import { ADMIT, type AdmissionPolicy, type AdmissionVerdict } from './admission.port';
import { type DecodeWork } from '../instance.model';

/** `none`: admits every routed request; load shows up as latency, not as rejections. */
export class NoAdmission implements AdmissionPolicy {
  readonly name = 'none';

  decodeHorizonMs(): number {
    return 0;
  }

  decodeArrivals(): readonly DecodeWork[] {
    return [];
  }

  judge(): AdmissionVerdict {
    return ADMIT;
  }
}
