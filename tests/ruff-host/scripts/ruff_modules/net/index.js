exports.replacement = true;
