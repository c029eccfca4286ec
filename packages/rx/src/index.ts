export { RtcError } from '@rxdc/core';
