package cloudrules

var ecsRules = Table{}
