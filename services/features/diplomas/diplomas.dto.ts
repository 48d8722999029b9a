import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_CREDENTIAL_CHARS } from './credential-verifier.js';

/** A credential someone presents for verification. */
export class VerifyCredentialDto {
  @ApiProperty({ maxLength: MAX_CREDENTIAL_CHARS, description: 'the Open Badges 3.0 credential as a VC-JWT (compact JWS), as downloaded from /api/certificates/:id/credential' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_CREDENTIAL_CHARS)
  credential!: string;
}
