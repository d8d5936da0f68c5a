// An exception thrown by the main script itself.
'use strict';

console.log('started');
null.property; // eslint-disable-line no-unused-expressions
