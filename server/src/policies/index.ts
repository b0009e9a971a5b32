import isSignedIn from './is-signed-in';

export default { 'is-signed-in': isSignedIn };
