import hasUnconditionalPermission from './has-unconditional-permission';
import isSignedIn from './is-signed-in';

export default { 'has-unconditional-permission': hasUnconditionalPermission, 'is-signed-in': isSignedIn };
