// The host names the fixture sites answer under (one list for the server's
// routing, Chromium's host mapping and the certificate's names). The
// collector answers under two: a test host, and a real-looking CRM host such
// as contact finders upload to.
export const LINKEDIN_HOST = 'www.linkedin.com';
export const COLLECTOR_HOSTS = ['api.collector.test', 'api.crm-sync.example'];
export const MAPPED_HOSTS = [LINKEDIN_HOST, ...COLLECTOR_HOSTS, 'shop.example.test'];
