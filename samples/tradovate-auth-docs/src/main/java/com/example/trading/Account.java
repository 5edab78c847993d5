package com.example.trading;

// The fields of Tradovate's Account entity that this application reads; Jackson ignores the others.
public record Account(long id, String name, String accountType, boolean active) {
}
