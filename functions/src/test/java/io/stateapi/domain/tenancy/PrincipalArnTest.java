package io.stateapi.domain.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stateapi.domain.exceptions.InvalidPrincipalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrincipalArnTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::123456789012:user/division/team/bob.smith@example.com",
            "arn:aws:iam::123456789012:role/orders-service",
            "arn:aws-cn:iam::123456789012:role/orders",
            "arn:aws-us-gov:iam::123456789012:user/alice",
            "arn:aws-iso-b:iam::123456789012:role/Name_With+=,.@-"})
    void iamUsersAndRolesAreRegisteredUnderTheirArn(String arn) {
        assertThat(PrincipalArn.parse(arn).value()).isEqualTo(arn);
    }

    @Test
    void anAssumedRoleSessionStandsForItsRoleAsCallersSeeIt() {
        String session = "arn:aws:sts::123456789012:assumed-role/orders-service/i-0abc123";

        assertThat(PrincipalArn.parse(session).value()).isEqualTo("arn:aws:iam::123456789012:role/orders-service");
        assertThat(PrincipalArn.parse(session).value()).isEqualTo(PrincipalArn.normalise(session));
        assertThat(PrincipalArn.parse("arn:aws-us-gov:sts::123456789012:assumed-role/r/s1").value())
                .isEqualTo("arn:aws-us-gov:iam::123456789012:role/r");
    }

    /** Sessions of a role carry no path, so a registration under the pathed ARN would never be found. */
    @Test
    void aRolesPathIsDroppedBecauseItsSessionsDoNotCarryIt() {
        assertThat(PrincipalArn.parse("arn:aws:iam::123456789012:role/service-role/orders").value())
                .isEqualTo("arn:aws:iam::123456789012:role/orders");
        assertThat(PrincipalArn.parse("arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS")
                .value()).isEqualTo("arn:aws:iam::123456789012:role/AWSServiceRoleForECS");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "acme",
            "arn:aws:iam::123456789012:root",
            "arn:aws:iam::123456789012:group/admins",
            "arn:aws:iam::123456789012:policy/p",
            "arn:aws:sts::123456789012:federated-user/bob",
            "arn:aws:sts::123456789012:assumed-role/r",
            "arn:aws:sts::123456789012:assumed-role/r/s/extra",
            "arn:aws:sts::123456789012:assumed-role/r/s",
            "arn:aws:iam::12345678901:user/alice",
            "arn:aws:iam:us-east-1:123456789012:user/alice",
            "arn:azure:iam::123456789012:user/alice",
            "arn:aws:iam::123456789012:user/",
            "arn:aws:iam::123456789012:user//alice",
            "arn:aws:iam::123456789012:user/al ice",
            "arn:aws:iam::123456789012:user/al%20ice",
            "arn:aws:iam::123456789012:user/alice?x",
            "arn:aws:iam::123456789012:role/r#1",
            "ARN:aws:iam::123456789012:user/alice",
            " arn:aws:iam::123456789012:user/alice"})
    void anythingElseIsRefused(String arn) {
        assertThatThrownBy(() -> PrincipalArn.parse(arn)).isInstanceOf(InvalidPrincipalException.class);
    }

    @Test
    void namesLongerThanIamAllowsAreRefused() {
        assertThat(PrincipalArn.parse("arn:aws:iam::123456789012:user/" + "a".repeat(64)).value()).endsWith("a");
        assertThatThrownBy(() -> PrincipalArn.parse("arn:aws:iam::123456789012:user/" + "a".repeat(65)))
                .isInstanceOf(InvalidPrincipalException.class);
        String longest = "arn:aws:iam::123456789012:user/" + "p/".repeat(1000);
        longest = longest + "a".repeat(PrincipalArn.MAX_LENGTH - longest.length());
        assertThat(PrincipalArn.parse(longest).value()).hasSize(PrincipalArn.MAX_LENGTH);
        String tooLong = longest + "a";
        assertThatThrownBy(() -> PrincipalArn.parse(tooLong)).isInstanceOf(InvalidPrincipalException.class);
    }

    @Test
    void aMissingArnIsRefused() {
        assertThatThrownBy(() -> PrincipalArn.parse(null)).isInstanceOf(InvalidPrincipalException.class);
    }

    @Test
    void theRefusalSaysWhatIsAccepted() {
        assertThatThrownBy(() -> PrincipalArn.parse("arn:aws:iam::123456789012:root"))
                .hasMessageContaining("user").hasMessageContaining("role").hasMessageContaining("assumed-role");
    }
}
