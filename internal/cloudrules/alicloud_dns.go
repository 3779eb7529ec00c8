package cloudrules

var dnsRules = Table{}
