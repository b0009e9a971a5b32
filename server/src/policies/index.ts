import hasUnconditionalPermission from './has-unconditional-permission';
import memberCan from './member-can';

export default {
  'has-unconditional-permission': hasUnconditionalPermission,
  'member-can': memberCan,
};
