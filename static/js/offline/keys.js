// The names the offline day stores under in the browser, shared by its page and the logout warning.
export function databaseName(userId) {
  return "si-posyandu-u" + userId;
}

// localStorage: how many records of a user wait on this phone (written by the offline day, read at logout).
export function unsentKey(userId) {
  return "si-posyandu-unsent-u" + userId;
}
