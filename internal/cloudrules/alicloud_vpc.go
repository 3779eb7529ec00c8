package cloudrules

var vpcRules = Table{}
