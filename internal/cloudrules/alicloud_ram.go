package cloudrules

var ramRules = Table{}
