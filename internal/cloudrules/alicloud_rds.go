package cloudrules

var rdsRules = Table{}
