package cloudrules

var alicloudProvider = Table{}
