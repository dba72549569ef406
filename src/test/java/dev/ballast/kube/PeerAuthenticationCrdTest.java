package dev.ballast.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import org.junit.jupiter.api.Test;

/** Which PeerAuthentication version the operator and the webhook follow, from the CRD object their informers hold. */
class PeerAuthenticationCrdTest {

    @Test
    void anEstablishedCrdServesV1InPreferenceToV1beta1() {
        assertThat(PeerAuthenticationCrd.establishedVersion(crd(true, "v1beta1", "v1"))).isEqualTo("v1");
        assertThat(PeerAuthenticationCrd.establishedVersion(crd(true, "v1beta1"))).isEqualTo("v1beta1");
    }

    @Test
    void aCrdNotYetEstablishedOrServingNeitherVersionIsNotFollowed() {
        assertThat(PeerAuthenticationCrd.establishedVersion(crd(false, "v1"))).isNull();
        assertThat(PeerAuthenticationCrd.establishedVersion(crd(true, "v1alpha1"))).isNull();
        assertThat(PeerAuthenticationCrd.establishedVersion(null)).isNull();
        assertThat(PeerAuthenticationCrd.establishedVersion(new CustomResourceDefinition())).isNull();
    }

    @Test
    void theJudgementSaysWhetherTheCrdIsInstalled() {
        assertThat(PeerAuthenticationCrd.judgement(null)).contains(PeerAuthenticationCrd.NAME + ") is not installed")
                .contains("PERMISSIVE").doesNotContain("restart");
        assertThat(PeerAuthenticationCrd.judgement("v1")).isEqualTo("from PeerAuthentications (security.istio.io/v1) in the informer cache");
    }

    private static CustomResourceDefinition crd(boolean established, String... served) {
        var builder = new CustomResourceDefinitionBuilder().withNewMetadata().withName(PeerAuthenticationCrd.NAME).endMetadata()
                .withNewSpec().withGroup(PeerAuthenticationCrd.GROUP).endSpec();
        for (String version : served) {
            builder.editSpec().addToVersions(new CustomResourceDefinitionVersionBuilder().withName(version).withServed(true).build())
                    .endSpec();
        }
        builder.editSpec().addToVersions(new CustomResourceDefinitionVersionBuilder().withName("v0").withServed(false).build())
                .endSpec();
        return builder.withNewStatus().addNewCondition().withType("Established").withStatus(established ? "True" : "False")
                .endCondition().endStatus().build();
    }
}
