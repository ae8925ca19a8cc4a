package io.lockerism.account;

import java.time.Instant;

/** A viewer's account. The password hash never leaves the account package. */
public record Account(long id, String username, Instant createdAt) {}
