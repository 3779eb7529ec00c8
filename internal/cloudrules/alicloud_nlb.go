package cloudrules

var nlbRules = Table{}
