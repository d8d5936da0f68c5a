exports.name = 'mymod';
