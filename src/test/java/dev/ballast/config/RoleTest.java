package dev.ballast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {
    @ParameterizedTest(name = "{0}: controller {1}, webhook {2}")
    @CsvSource({"controller, true, false", "webhook, false, true", "all, true, true", "' Webhook ', false, true"})
    void eachRoleRunsItsParts(String value, boolean controller, boolean webhook) {
        Role role = Role.parse(value);
        assertThat(role.runsController()).isEqualTo(controller);
        assertThat(role.runsWebhook()).isEqualTo(webhook);
    }

    @ParameterizedTest
    @ValueSource(strings = {"both", "", "operator", "controller,webhook"})
    void anUnknownRoleIsOneLineNamingTheSetting(String value) {
        assertThatThrownBy(() -> Role.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ballast.role (BALLAST_ROLE) is \"" + value + "\"; use controller, webhook or all");
    }
}
