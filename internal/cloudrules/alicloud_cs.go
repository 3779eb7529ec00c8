package cloudrules

var csRules = Table{}
