package cloudrules

var nasRules = Table{}
