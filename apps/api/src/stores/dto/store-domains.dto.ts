import { ApiProperty } from '@nestjs/swagger';
import {
  CUSTOM_DOMAIN_PATTERN,
  type DnsRecordView,
  MAX_HOSTNAME_LENGTH,
  type SetStoreDomainsRequest,
  type StoreDomainView,
} from '@storefleet/contracts';

import { TextListField } from '../../http/fields.js';

/** PUT /stores/{id}/domains. The hostnames' rules (RFC 1123, limit, platform domain) are the service's, from libs/contracts. */
export class SetStoreDomainsDto implements SetStoreDomainsRequest {
  // The widest an installation may configure (CUSTOM_DOMAINS_MAX_PER_STORE at most 100, wildcards allowed); the
  // service refuses with 400, naming the entry and the rule, what this installation's configuration does not allow.
  @TextListField({
    maxItems: 100,
    maxLength: MAX_HOSTNAME_LENGTH,
    itemPattern: CUSTOM_DOMAIN_PATTERN,
    description: 'The whole new list of custom domains (the first is canonical); [] removes them all',
    example: ['shop.example.com'],
  })
  domains!: string[];
}

export class DnsRecordDto implements DnsRecordView {
  @ApiProperty({ enum: ['CNAME', 'A', 'AAAA'] }) type!: 'CNAME' | 'A' | 'AAAA';
  @ApiProperty({ example: 'shop.example.com' }) name!: string;
  @ApiProperty({ example: 'my-shop.stores.example.com' }) value!: string;
}

export class StoreDomainViewDto implements StoreDomainView {
  @ApiProperty({ example: 'shop.example.com' }) hostname!: string;
  @ApiProperty({ type: DnsRecordDto, description: 'The record the owner creates at their DNS provider' })
  dnsRecord!: DnsRecordDto;
}
